//! Prints the long synthetic episode that `./dev bench` bundles into its benchmark build.

#[path = "../benches/long_episode.rs"]
mod long_episode;

fn main() {
    print!("{}", long_episode::text());
}
