//! The jury: who judges which project, their scores, the ranking and the
//! certificates. Pure rules live in the submodules; the use cases that read
//! and write the store are here.

pub mod assignment;
pub mod certificates;
pub mod results;
pub mod scoring;
