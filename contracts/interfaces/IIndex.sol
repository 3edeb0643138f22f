// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIndex
 * @notice Events and custom errors of {Index}, so clients and tests compile against the interface.
 */
interface IIndex {
    error IndexNotPatientPseudonym(address caller);
    error IndexZeroHash();
    error IndexSequenceMismatch(uint64 expected, uint64 given);

    event IndexAnchored(address indexed account, uint64 indexed sequence, bytes32 indexHash);
}
