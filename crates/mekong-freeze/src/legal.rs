//! The legal provisions a freeze can rest on, each with its source.

use std::fmt;
use std::str::FromStr;

use crate::error::FreezeError;

/// The provision a freeze rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalBasis {
    /// China, Anti-Telecom and Online Fraud Law (2022), Art. 20: emergency stop-payment,
    /// rapid freeze, timely unfreeze and return of funds.
    CnAntiTelecomFraudArt20,
    /// Lao PDR, Law on Anti-Money Laundering and Counter-Financing of Terrorism (2014),
    /// Art. 39: freezing without prior notice.
    LaoAmlCftArt39,
}

impl LegalBasis {
    /// Every legal basis.
    pub const ALL: [LegalBasis; 2] = [LegalBasis::CnAntiTelecomFraudArt20, LegalBasis::LaoAmlCftArt39];

    /// Returns the stored and command-line name.
    pub fn as_str(&self) -> &'static str {
        match self {
            LegalBasis::CnAntiTelecomFraudArt20 => "cn-atof-20",
            LegalBasis::LaoAmlCftArt39 => "la-amlcft-39",
        }
    }

    /// Returns the law and article, as cited in notices.
    pub fn source(&self) -> &'static str {
        match self {
            LegalBasis::CnAntiTelecomFraudArt20 => "China, Anti-Telecom and Online Fraud Law (2022), Art. 20",
            LegalBasis::LaoAmlCftArt39 => "Lao PDR, Anti-Money Laundering and Counter-Financing of Terrorism Law (2014), Art. 39",
        }
    }
}

impl fmt::Display for LegalBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LegalBasis {
    type Err = FreezeError;

    fn from_str(text: &str) -> Result<LegalBasis, FreezeError> {
        let normal = text.trim().to_ascii_lowercase();
        LegalBasis::ALL
            .into_iter()
            .find(|basis| basis.as_str() == normal)
            .ok_or_else(|| FreezeError::UnknownLegalBasis(text.to_owned()))
    }
}
