//! `libflex_sdk`, the native library of the Swift, Kotlin and Python packages:
//! flex-core built with its `uniffi` feature. The interface (namespace
//! `flex_sdk`) is declared in flex-core, beside the types: the records and
//! enums derive UniFFI where they are declared, and the objects, adapters and
//! functions are in `flex_core::ffi`.

flex_core::uniffi_reexport_scaffolding!();
