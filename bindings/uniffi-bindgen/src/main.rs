//! `cargo run -p uniffi-bindgen -- generate --library <lib.so> --language <swift|kotlin|python> --out-dir <dir>`
fn main() {
    uniffi::uniffi_bindgen_main()
}
