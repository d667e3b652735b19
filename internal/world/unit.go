package world

// Unit is the unit a figure is published in.
type Unit string

// The units figures.csv accepts.
const (
	Kilogram   Unit = "kg"
	Tonne      Unit = "t"
	Kilotonne  Unit = "kt"
	Megatonne  Unit = "Mt"
	Percentage Unit = "%"
)

var tonnesPer = map[Unit]float64{Kilogram: 1e-3, Tonne: 1, Kilotonne: 1e3, Megatonne: 1e6}

// IsMass reports whether the unit is a mass.
func (u Unit) IsMass() bool { _, ok := tonnesPer[u]; return ok }

func (u Unit) tonnes() float64 { return tonnesPer[u] }

func (u Unit) known() bool { return u.IsMass() || u == Percentage }
