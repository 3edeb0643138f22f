// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RegistryMirror} from "./common/RegistryMirror.sol";
import {IIndex} from "./interfaces/IIndex.sol";

/**
 * @title Index
 * @notice A patient's pseudonymous index account anchors the hash of its encrypted medical index, with a
 * sequence number that must grow by exactly one each time; every anchored hash stays readable, so the
 * patient can later prove which index it had at each step and that none was skipped.
 */
contract Index is IIndex, RegistryMirror {
    mapping(address account => uint64 sequence) private _latest;
    mapping(address account => mapping(uint64 sequence => bytes32 indexHash)) private _hashes;

    /// @param registry_ The Registry that pushes pseudonym membership here.
    constructor(address registry_) RegistryMirror(registry_) {}

    /**
     * @notice Anchors the next index hash (registered pseudonym accounts only).
     * @param indexHash Hash of the encrypted index. @param sequence Previous sequence + 1 (the first is 1).
     */
    function anchorIndex(bytes32 indexHash, uint64 sequence) external {
        if (!_isPatientPseudonym(msg.sender)) revert IndexNotPatientPseudonym(msg.sender);
        if (indexHash == bytes32(0)) revert IndexZeroHash();
        uint64 expected = _latest[msg.sender] + 1;
        if (sequence != expected) revert IndexSequenceMismatch(expected, sequence);
        _latest[msg.sender] = sequence;
        _hashes[msg.sender][sequence] = indexHash;
        emit IndexAnchored(msg.sender, sequence, indexHash);
    }

    /// @notice The latest anchored (indexHash, sequence) of `account`; (0, 0) if none.
    function latestIndex(address account) external view returns (bytes32 indexHash, uint64 sequence) {
        sequence = _latest[account];
        indexHash = _hashes[account][sequence];
    }

    /// @notice The index hash `account` anchored at `sequence`, or zero.
    function indexHashAt(address account, uint64 sequence) external view returns (bytes32) {
        return _hashes[account][sequence];
    }
}
