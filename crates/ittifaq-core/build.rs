//! The Fluent files are read into the library when it is compiled
//! (`fluent_templates::static_loader!`): a change to one must compile it again.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
