//! Integration tests of the encrypted store: opening, refusing foreign or damaged files, the op
//! log and search.

mod files;
mod oplog;
