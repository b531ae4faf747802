fn main() {
    println!("somosbot");
}
