//! Synthetic org plans for benchmarks (filled in below).
