//! Combining scores: a noisy-OR, `100 × (1 − Π(1 − sᵢ/100))`, in integer arithmetic so
//! that replaying transactions gives the same numbers on every machine.
//!
//! The product `Π(1 − sᵢ/100)` is kept in millionths (the "complement"), starting at
//! one million for no scores. The combined score never falls when a score is added and
//! stays below 100 unless a score of 100 is added.

use crate::state::RISK_COMPLEMENT_ONE;

/// Multiplies a complement by `1 − score/100`.
pub(crate) fn add_score(complement: u32, score: u8) -> u32 {
    let remaining = 100 - u64::from(score.min(100));
    let product = u64::from(complement) * remaining / 100;
    u32::try_from(product).unwrap_or(RISK_COMPLEMENT_ONE)
}

/// The score, 0 to 100, of a complement, rounded to the nearest whole number.
pub(crate) fn score_of(complement: u32) -> u8 {
    let scale = u64::from(RISK_COMPLEMENT_ONE);
    let complement = u64::from(complement.min(RISK_COMPLEMENT_ONE));
    let score = (100 * (scale - complement) + scale / 2) / scale;
    u8::try_from(score).unwrap_or(100)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn no_scores_give_zero() {
        assert_eq!(score_of(RISK_COMPLEMENT_ONE), 0);
    }

    #[test]
    fn noisy_or_combines_scores() {
        let one = add_score(RISK_COMPLEMENT_ONE, 60);
        assert_eq!(score_of(one), 60);
        // 1 − 0.4 × 0.5 = 0.8
        assert_eq!(score_of(add_score(one, 50)), 80);
        assert_eq!(score_of(add_score(one, 100)), 100);
    }

    #[test]
    fn combined_score_never_falls() {
        let mut complement = RISK_COMPLEMENT_ONE;
        let mut last = 0;
        for score in [1, 20, 5, 99, 1] {
            complement = add_score(complement, score);
            let combined = score_of(complement);
            assert!(combined >= last);
            last = combined;
        }
    }
}
