//! Interval enclosures (placeholder, being written).
