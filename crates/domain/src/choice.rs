//! Closed lists of values (risk indicators, settings, modes…) with the labels people read.
//! The `choices!` macro gives each enum a stable snake_case value, a label, and parsing from the
//! value with a field-level error; with the `ts` feature, a TypeScript union of its values.

/// A value of a closed list with its human label and an optional hint.
pub trait Choice: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn value(self) -> &'static str;
    fn label(self) -> &'static str;
    fn hint(self) -> Option<&'static str> {
        None
    }
    /// The choice whose stable value is `raw`, if there is one.
    fn from_value(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.value() == raw)
    }
    /// Parses the stable value; the error names the field and lists nothing secret.
    fn parse(field: crate::Field, raw: &str) -> crate::DomainResult<Self> {
        Self::from_value(raw)
            .ok_or_else(|| crate::DomainError::invalid(field, "choose one of the options"))
    }
}

#[macro_export]
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $value:literal : $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $crate::choice::Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn value(self) -> &'static str {
                match self { $(Self::$variant => $value),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Choice;
    use crate::Field;
    use crate::session::Mode;

    #[test]
    fn serde_value_matches_choice_value() {
        for mode in Mode::ALL {
            let json = serde_json::to_string(mode).unwrap();
            assert_eq!(json, format!("\"{}\"", mode.value()));
        }
    }

    #[test]
    fn unknown_value_is_a_field_error() {
        let err = Mode::parse(Field::Mode, "carrier_pigeon").unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some(Field::Mode));
    }
}
