//! Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps,
//! and the enrolment URI and QR code that authenticator apps read.
//!
//! Invariant: a code is accepted for the current step or one step either side, to
//! allow for clock drift; the caller stores the accepted step so that no code is
//! accepted twice (`AuthStore::accept_totp_step`).

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use qrcode::QrCode;
use qrcode::render::{svg, unicode};
use sha1::Sha1;
use zeroize::Zeroizing;

use crate::AuthError;
use crate::secret::{constant_time_eq, random_bytes};

/// Length of a step in seconds.
pub const STEP_SECONDS: i64 = 30;
/// Digits in a code.
pub const DIGITS: usize = 6;
/// Bytes of a new secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

/// A TOTP shared secret; its Debug output is redacted and its memory wiped on drop.
#[derive(Clone)]
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(redacted)")
    }
}

impl TotpSecret {
    /// Creates a new random secret.
    pub fn generate() -> Result<TotpSecret, AuthError> {
        let bytes = random_bytes::<SECRET_BYTES>()?;
        Ok(TotpSecret(Zeroizing::new(bytes.to_vec())))
    }

    /// Wraps stored secret bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> TotpSecret {
        TotpSecret(Zeroizing::new(bytes))
    }

    /// The raw bytes, for storage.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret in base32 without padding, as authenticator apps take it typed in.
    pub fn base32(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE32_NOPAD.encode(&self.0))
    }

    /// Computes the code of a time step.
    pub fn code_at_step(&self, step: i64) -> Zeroizing<String> {
        // HMAC accepts keys of any length, so this never fails; an empty code never matches.
        let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&self.0) else {
            return Zeroizing::new(String::new());
        };
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();

        // Dynamic truncation, RFC 4226 section 5.3.
        let offset = usize::from(digest[digest.len() - 1] & 0x0f);
        let binary = (u32::from(digest[offset]) & 0x7f) << 24
            | u32::from(digest[offset + 1]) << 16
            | u32::from(digest[offset + 2]) << 8
            | u32::from(digest[offset + 3]);
        Zeroizing::new(format!("{:06}", binary % 1_000_000))
    }

    /// Checks a code against the steps around `unix_seconds` and returns the step it
    /// matched. Spaces in the code are ignored.
    pub fn verify(&self, code: &str, unix_seconds: i64) -> Option<i64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let now = step_of(unix_seconds);
        [now - 1, now, now + 1].into_iter().find(|step| constant_time_eq(&self.code_at_step(*step), &code))
    }

    /// The `otpauth://` URI that enrols the secret in an authenticator app.
    pub fn uri(&self, issuer: &str, username: &str) -> Zeroizing<String> {
        let issuer = percent_encode(issuer);
        let account = percent_encode(username);
        Zeroizing::new(format!(
            "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            self.base32().as_str()
        ))
    }
}

/// Returns the time step of a Unix time.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// Renders text, such as an enrolment URI, as a QR code in SVG.
pub fn qr_svg(text: &str) -> Result<String, AuthError> {
    let code = QrCode::new(text.as_bytes()).map_err(|error| AuthError::Qr(error.to_string()))?;
    Ok(code.render::<svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build())
}

/// Renders text as a QR code of Unicode half blocks for a terminal.
pub fn qr_terminal(text: &str) -> Result<String, AuthError> {
    let code = QrCode::new(text.as_bytes()).map_err(|error| AuthError::Qr(error.to_string()))?;
    Ok(code
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

fn percent_encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-1 secret of RFC 6238 appendix B.
    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec())
    }

    #[test]
    fn rfc6238_test_vectors() {
        // Appendix B gives 8 digits; the last 6 are the 6-digit codes.
        let vectors = [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")];
        for (time, code) in vectors {
            assert_eq!(rfc_secret().code_at_step(step_of(time)).as_str(), code, "at {time}");
        }
    }

    #[test]
    fn verify_allows_one_step_drift() {
        let secret = rfc_secret();
        let code = secret.code_at_step(step_of(1_111_111_109));
        assert_eq!(secret.verify(&code, 1_111_111_109), Some(step_of(1_111_111_109)));
        assert_eq!(secret.verify(&code, 1_111_111_109 + 30), Some(step_of(1_111_111_109)));
        assert_eq!(secret.verify(&code, 1_111_111_109 + 90), None);
    }

    #[test]
    fn verify_rejects_malformed_codes() {
        let secret = rfc_secret();
        for code in ["", "12345", "1234567", "abcdef", "０８１８０４"] {
            assert_eq!(secret.verify(code, 1_111_111_109), None, "{code:?}");
        }
        assert!(secret.verify("081 804", 1_111_111_109).is_some());
    }

    #[test]
    fn uri_and_qr() {
        let uri = rfc_secret().uri("Mekong Bridge cn-1", "li.wei");
        assert!(uri.starts_with("otpauth://totp/Mekong%20Bridge%20cn-1:li.wei?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg"));
        assert!(!qr_terminal(&uri).unwrap().is_empty());
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", rfc_secret()), "TotpSecret(redacted)");
    }
}
