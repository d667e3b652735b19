// Package backtest sets scenario runs beside what was observed: the April 2025 rare-earth
// licensing scenario against China's magnet exports, European and Chinese heavy
// rare-earth prices and the magnet price gap reported in 2025. The model is not tuned to
// these figures; the comparison shows where it agrees and explains where it does not.
package backtest
