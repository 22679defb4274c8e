//! Team roles and what each may do. Pure rules: the server checks them on every call.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A member's role in a tenant, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Viewer,
}

/// Every role, most powerful first.
pub const ALL_ROLES: [Role; 4] = [Role::Owner, Role::Admin, Role::Member, Role::Viewer];

impl Role {
    /// Stable lower-case name, as stored and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Viewer => "viewer",
        }
    }

    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Member => "Member",
            Role::Viewer => "Viewer",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Role::Owner => 3,
            Role::Admin => 2,
            Role::Member => 1,
            Role::Viewer => 0,
        }
    }

    /// Whether this role is at least as powerful as `other`.
    pub fn at_least(self, other: Role) -> bool {
        self.rank() >= other.rank()
    }

    /// Invite people, change roles, remove members, revoke invites.
    pub fn can_manage_team(self) -> bool {
        self.at_least(Role::Admin)
    }

    /// Read the tenant's audit log.
    pub fn can_view_audit(self) -> bool {
        self.at_least(Role::Admin)
    }

    /// Change tenant data (settings, bots, agents); viewers only read.
    pub fn can_edit(self) -> bool {
        self.at_least(Role::Member)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of owner, admin, member, viewer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role \"{0}\" (expected owner, admin, member or viewer)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "owner" => Ok(Role::Owner),
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            "viewer" => Ok(Role::Viewer),
            _ => Err(UnknownRole(s.to_string())),
        }
    }
}

/// Why a team change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeamRuleError {
    #[error("your role cannot manage the team")]
    NotAllowed,
    #[error("only an owner can grant, change or remove the owner role")]
    OwnerOnly,
    #[error("the last owner cannot be removed or demoted; make someone else an owner first")]
    LastOwner,
}

/// May `actor` give `granted` to a new invitee?
pub fn check_invite(actor: Role, granted: Role) -> Result<(), TeamRuleError> {
    if !actor.can_manage_team() {
        return Err(TeamRuleError::NotAllowed);
    }
    if granted == Role::Owner && actor != Role::Owner {
        return Err(TeamRuleError::OwnerOnly);
    }
    Ok(())
}

/// May `actor` change a member from `current` to `new`, given how many owners the tenant has?
pub fn check_role_change(
    actor: Role,
    current: Role,
    new: Role,
    owner_count: usize,
) -> Result<(), TeamRuleError> {
    if !actor.can_manage_team() {
        return Err(TeamRuleError::NotAllowed);
    }
    if (current == Role::Owner || new == Role::Owner) && actor != Role::Owner {
        return Err(TeamRuleError::OwnerOnly);
    }
    if current == Role::Owner && new != Role::Owner && owner_count <= 1 {
        return Err(TeamRuleError::LastOwner);
    }
    Ok(())
}

/// May `actor` remove a member whose role is `target`? `is_self` allows anyone to leave.
pub fn check_removal(
    actor: Role,
    target: Role,
    is_self: bool,
    owner_count: usize,
) -> Result<(), TeamRuleError> {
    if target == Role::Owner && owner_count <= 1 {
        return Err(TeamRuleError::LastOwner);
    }
    if is_self {
        return Ok(());
    }
    if !actor.can_manage_team() {
        return Err(TeamRuleError::NotAllowed);
    }
    if target == Role::Owner && actor != Role::Owner {
        return Err(TeamRuleError::OwnerOnly);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in ALL_ROLES {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
        assert_eq!(" Admin ".parse::<Role>(), Ok(Role::Admin));
    }

    #[test]
    fn only_admins_and_owners_manage_the_team() {
        assert!(Role::Owner.can_manage_team());
        assert!(Role::Admin.can_manage_team());
        assert!(!Role::Member.can_manage_team());
        assert!(!Role::Viewer.can_manage_team());
        assert!(!Role::Viewer.can_edit());
        assert!(Role::Member.can_edit());
    }

    #[test]
    fn invites_respect_the_owner_rule() {
        assert_eq!(check_invite(Role::Owner, Role::Owner), Ok(()));
        assert_eq!(check_invite(Role::Admin, Role::Admin), Ok(()));
        assert_eq!(
            check_invite(Role::Admin, Role::Owner),
            Err(TeamRuleError::OwnerOnly)
        );
        assert_eq!(
            check_invite(Role::Member, Role::Viewer),
            Err(TeamRuleError::NotAllowed)
        );
        assert_eq!(
            check_invite(Role::Viewer, Role::Viewer),
            Err(TeamRuleError::NotAllowed)
        );
    }

    #[test]
    fn the_last_owner_cannot_be_demoted_or_removed() {
        assert_eq!(
            check_role_change(Role::Owner, Role::Owner, Role::Admin, 1),
            Err(TeamRuleError::LastOwner)
        );
        assert_eq!(
            check_role_change(Role::Owner, Role::Owner, Role::Admin, 2),
            Ok(())
        );
        assert_eq!(
            check_removal(Role::Owner, Role::Owner, true, 1),
            Err(TeamRuleError::LastOwner)
        );
        assert_eq!(check_removal(Role::Owner, Role::Owner, false, 2), Ok(()));
    }

    #[test]
    fn admins_cannot_touch_owners() {
        assert_eq!(
            check_role_change(Role::Admin, Role::Owner, Role::Admin, 3),
            Err(TeamRuleError::OwnerOnly)
        );
        assert_eq!(
            check_role_change(Role::Admin, Role::Member, Role::Owner, 1),
            Err(TeamRuleError::OwnerOnly)
        );
        assert_eq!(
            check_role_change(Role::Admin, Role::Member, Role::Viewer, 1),
            Ok(())
        );
        assert_eq!(
            check_removal(Role::Admin, Role::Owner, false, 2),
            Err(TeamRuleError::OwnerOnly)
        );
        assert_eq!(
            check_removal(Role::Viewer, Role::Member, false, 1),
            Err(TeamRuleError::NotAllowed)
        );
        assert_eq!(check_removal(Role::Viewer, Role::Viewer, true, 1), Ok(()));
    }
}
