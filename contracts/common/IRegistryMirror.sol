// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRegistryMirror
/// @notice What the Registry calls to push membership changes into Records, Index and AccessControl.
interface IRegistryMirror {
    /// @notice Sets the mirrored membership word of each account.
    function mirrorMembers(address[] calldata accounts, uint256 member) external;
}
