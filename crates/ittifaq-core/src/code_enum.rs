//! Enums stored and sent as short codes (`"approved"`, `"withdraw"`): one
//! macro gives each its list, its code, its parser and its Fluent key, so
//! that no code is written twice.

/// Declares an enum whose variants are stored as codes.
///
/// ```
/// ittifaq_core::code_enum! {
///     /// A colour.
///     pub enum Colour: "colour" {
///         Red = "red",
///         Green = "green",
///     }
/// }
/// assert_eq!(Colour::parse("green").unwrap(), Colour::Green);
/// assert_eq!(Colour::Red.code(), "red");
/// assert_eq!(Colour::Red.key(), "colour-red");
/// assert!(Colour::parse("blue").unwrap_err().message().to_string().contains("red, green"));
/// ```
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order of declaration.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every code, in the order of declaration.
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The code it is stored and sent as.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value of a code; anything else is refused, naming the codes.
            pub fn parse(code: &str) -> Result<$name, $crate::ParseError> {
                match code {
                    $($code => Ok($name::$variant),)+
                    other => Err($crate::ParseError::invalid(
                        $what,
                        $crate::Msg::new("invalid-one-of").arg("value", other).arg("codes", Self::CODES.join(", ")),
                    )),
                }
            }

            /// The Fluent key of its name: `<what>-<code>`, underscores as dashes.
            pub fn key(self) -> String {
                format!("{}-{}", $what.replace('_', "-"), self.code().replace('_', "-"))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, code: &&str) -> bool {
                self.code() == *code
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ParseError;
            fn from_str(code: &str) -> Result<$name, $crate::ParseError> {
                $name::parse(code)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&code).map_err(|e| serde::de::Error::custom(e.message()))
            }
        }
    };
}
