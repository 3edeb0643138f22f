// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IRecords
 * @notice Events, errors and the custody view of {Records}, so clients, tests and {AccessControl} compile
 * against the interface rather than the implementation.
 */
interface IRecords {
    error RecordsHospitalNotActive(address caller);
    error RecordsZeroCommitment();
    error RecordsInvalidVersion(uint32 version);
    error RecordsVersionExists(bytes32 recordId, uint32 version);
    error RecordsPreviousMismatch(bytes32 recordId, uint32 version);
    error RecordsEmptyBatch();
    error RecordsBatchExists(bytes32 root);

    event RecordAnchored(address indexed hospital, bytes32 indexed recordId, uint32 version, bytes32 commitment);
    event BatchAnchored(address indexed hospital, bytes32 indexed root, uint32 count);

    /// @notice The commitment `hospital` anchored for (recordId, version), or zero.
    function commitmentOf(address hospital, bytes32 recordId, uint32 version) external view returns (bytes32);
}
