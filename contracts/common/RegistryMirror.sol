// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title RegistryMirror
 * @notice Read-optimised copy of the Registry's membership facts, pushed by the Registry itself.
 * @dev Why a mirror: the hot paths (anchoring a record, storing a grant) must check "active hospital" or
 * "registered pseudonym". A cross-contract view call costs a cold account access plus a cold SLOAD
 * (~4.7k gas); reading a local mapping costs one cold SLOAD (2.1k). Registration is rare and paid by the
 * Center, so the Registry pays the extra write there instead. Only the Registry given at construction can
 * write the mirror.
 *
 * Member word layout: bits 0..7 = kind (see constants), bits 8..167 = employing hospital (practitioners).
 */
abstract contract RegistryMirror {
    uint256 internal constant KIND_NONE = 0;
    uint256 internal constant KIND_ACTIVE_HOSPITAL = 1;
    uint256 internal constant KIND_PATIENT_PSEUDONYM = 2;
    uint256 internal constant KIND_PRACTITIONER = 3;

    address private immutable _registry;
    mapping(address account => uint256 member) private _members;

    /// @notice The caller is not the Registry this mirror belongs to.
    error RegistryMirrorUnauthorized(address caller);

    /// @notice The Registry updated the mirrored membership of `account`.
    event MemberMirrored(address indexed account, uint256 member);

    constructor(address registry_) {
        _registry = registry_;
    }

    /**
     * @notice Sets the mirrored membership word of each account (Registry only).
     * @param accounts Accounts to update.
     * @param member Packed membership word (kind | hospital << 8); zero removes.
     */
    function mirrorMembers(address[] calldata accounts, uint256 member) external {
        if (msg.sender != _registry) revert RegistryMirrorUnauthorized(msg.sender);
        for (uint256 i = 0; i < accounts.length; ++i) {
            _members[accounts[i]] = member;
        }
    }

    /// @notice The Registry whose membership this contract mirrors.
    function registry() external view returns (address) {
        return _registry;
    }

    function _isActiveHospital(address account) internal view returns (bool) {
        return _members[account] == KIND_ACTIVE_HOSPITAL;
    }

    function _isPatientPseudonym(address account) internal view returns (bool) {
        return _members[account] == KIND_PATIENT_PSEUDONYM;
    }

    /// @dev An active practitioner whose hospital is still active; returns the hospital or zero.
    function _activePractitionerHospital(address account) internal view returns (address) {
        uint256 member = _members[account];
        if (member & 0xff != KIND_PRACTITIONER) return address(0);
        address hospital = address(uint160(member >> 8));
        return _isActiveHospital(hospital) ? hospital : address(0);
    }
}
