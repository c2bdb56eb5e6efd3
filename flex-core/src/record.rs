//! [`record_with_defaults!`]: declares a record whose every field has a default, once.

/// Declares a record whose every field has a default, in one place: the
/// struct, its `Default`, and (with the `uniffi` feature) the same defaults for
/// the bindings, so that `ClientOptions(endpoint_override = url)` works in
/// every language. A default is `None`, `true`, `false` or a number.
macro_rules! record_with_defaults {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[doc = $doc:literal])* pub $field:ident: $ty:ty = $default:tt,)*
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[cfg_attr(feature = "uniffi", uniffi(default = $default))]
                pub $field: $ty,
            )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default,)* }
            }
        }
    };
}
