// Rebuild when a migration is added or changed: `sqlx::migrate!` embeds the
// files at compile time and would otherwise keep a stale copy.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
