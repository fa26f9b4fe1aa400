//! The `rasd` binary: thin glue over the library crates.

fn main() {
    println!("rasd");
}
