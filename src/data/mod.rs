//! From CSV text to a validated [`Dataset`]: reading, role inference, validation.

pub mod dataset;
pub mod dates;
pub mod inspect;
pub mod roles;
pub mod table;

pub use dataset::{Control, Dataset, LoadedData, PaidChannel, Series, Warning, WarningKind, load_csv};
pub use dates::Frequency;
pub use inspect::{ErrorInfo, Inspection, inspect};
pub use roles::{
    ColumnRole, ControlRole, ExposureRole, KpiType, MediaRole, RoleAssignment, RoleNote,
    RoleRequest,
};
pub use table::Table;
