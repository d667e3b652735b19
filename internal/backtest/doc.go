// Package backtest calibrates and checks the engine against what was observed: the
// 2010-2014 rare-earth export quota and the April 2025 licensing regime
// (../shared/calibration), each run as a scenario with only its announced controls and
// scored target by target with the calibration file's rule (Target.Met). One parameter
// set serves both episodes; tools/calibrate searches for it.
package backtest
