//! Test support shared by the integration test binaries. Each binary uses a
//! different part, hence the allowance for unused items.
#![allow(dead_code)]

pub mod db;
