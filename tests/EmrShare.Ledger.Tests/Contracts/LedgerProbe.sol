// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Test contract for the embedded ledger: the same SSTORE + event work as record anchoring, plus every
/// outcome the differential test needs (custom-error revert, string revert, refunds, CREATE, loops).
contract LedgerProbe {
    error AlreadyAnchored(bytes32 id);
    error NotOwner(address caller);

    event Anchored(bytes32 indexed id, address indexed by, uint64 version, bytes32 commitment);
    event Cleared(bytes32 indexed id);
    event Spawned(address child);

    address public owner;
    uint256 public count;
    mapping(bytes32 => bytes32) public commitments;
    mapping(bytes32 => uint64) public versions;

    constructor() payable {
        owner = msg.sender;
    }

    function anchor(bytes32 id, bytes32 commitment) external {
        if (commitments[id] != bytes32(0)) revert AlreadyAnchored(id);
        commitments[id] = commitment;
        uint64 v = versions[id] + 1;
        versions[id] = v;
        count += 1;
        emit Anchored(id, msg.sender, v, commitment);
    }

    function clear(bytes32 id) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        delete commitments[id];
        emit Cleared(id);
    }

    function fail(string calldata reason) external pure {
        require(false, reason);
    }

    function burn(uint256 rounds) external returns (bytes32 acc) {
        acc = bytes32(count);
        for (uint256 i = 0; i < rounds; i++) {
            acc = keccak256(abi.encodePacked(acc, i));
        }
        commitments[acc] = acc;
    }

    function spawn() external returns (address child) {
        child = address(new ProbeChild(count));
        emit Spawned(child);
    }

    function pay(address payable to) external payable {
        to.transfer(msg.value);
    }
}

contract ProbeChild {
    uint256 public seed;

    constructor(uint256 s) {
        seed = s;
    }
}
