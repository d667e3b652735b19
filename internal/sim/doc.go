// Package sim is critmin's monthly supply-chain engine: a Builder declares countries,
// products, processes, demand, stocks, trade rules and responses, Build compiles them into a
// dense Model, and Run steps it month by month into a caller-owned Result without
// allocating; docs/model.md states every equation and the order of operations.
package sim
