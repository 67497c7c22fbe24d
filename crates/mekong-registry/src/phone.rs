//! Phone numbers to E.164 with the libphonenumber metadata that the `phonenumber`
//! crate ships.
//!
//! Invariant: a number the metadata calls invalid is kept, formatted as E.164 from
//! its parsed country code and national number, with `valid = false`.

use mekong_core::Country;
use phonenumber::Mode;
use phonenumber::country::Id;

use crate::normalise::{NormaliseError, Normalised};

/// Parses a phone number, with `region` for numbers written without `+`.
pub(crate) fn normalise_phone(text: &str, region: Country) -> Result<Normalised, NormaliseError> {
    let region = region_id(region);

    // `00` is the international call prefix in both China and Laos.
    let international;
    let text = match text.strip_prefix("00") {
        Some(rest) => {
            international = format!("+{rest}");
            international.as_str()
        }
        None => text,
    };

    let number = phonenumber::parse(region, text).map_err(|_| NormaliseError::Phone(text.to_owned()))?;
    let value = number.format().mode(Mode::E164).to_string();
    Ok(Normalised { value, valid: phonenumber::is_valid(&number) })
}

fn region_id(country: Country) -> Option<Id> {
    country.as_str().parse::<Id>().ok()
}
