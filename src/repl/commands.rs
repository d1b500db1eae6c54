//! The handlers of the commands, one module per concept. [`super::table::COMMANDS`] names each
//! handler with its command; each returns an [`super::Answer`] built from a typed outcome of
//! [`super::outcome`].

pub(super) mod bindings;
pub(super) mod conjugate;
pub(super) mod distributions;
pub(super) mod fitting;
pub(super) mod generator;
pub(super) mod output;
pub(super) mod samples;
