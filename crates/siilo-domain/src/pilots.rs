//! Pilots (*kokeilut*): experiments made from selected proposals, their team, progress and
//! lessons learned.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

/// Where a pilot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum PilotStatus {
    Planned,
    Running,
    Evaluating,
    Completed,
    Cancelled,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_the_json_names() {
        crate::assert_stored_names_match_serde::<PilotStatus>();
    }
}
