package world

import "testing"

func TestShareTableBounds(t *testing.T) {
	tests := []struct {
		name       string
		t          ShareTable
		lowerBound bool
		rowsAbove  float64
	}{
		{"rows above a rounded world total", ShareTable{From: Production, WorldTonnes: 380000, Entries: []CountryShare{
			{Country: "CHN", Share: 270000.0 / 380000, Tonnes: 270000}, {Country: "USA", Share: 45500.0 / 380000, Tonnes: 45500},
			{Country: "AUS", Share: 67500.0 / 380000, Tonnes: 67500}}}, false, 383000},
		{"rows equal to the world total", ShareTable{From: Production, WorldTonnes: 100, Entries: []CountryShare{
			{Country: "CHN", Share: 0.6, Tonnes: 60}, {Country: "USA", Share: 0.4, Tonnes: 40}}}, false, 0},
		{"rows below the world total", ShareTable{From: Production, WorldTonnes: 100, Other: 0.5, Entries: []CountryShare{
			{Country: "CHN", Share: 0.5, Tonnes: 50}}}, true, 0},
		{"published shares, one named", ShareTable{From: Share, Other: 0.09, Entries: []CountryShare{{Country: "CHN", Share: 0.91}}}, true, 0},
		{"published shares closing at 100", ShareTable{From: Share, Entries: []CountryShare{{Country: "CHN", Share: 0.6}, {Country: "JPN", Share: 0.4}}}, false, 0},
		{"three named, some unattributed", ShareTable{From: Share, Other: 0.1, Entries: []CountryShare{
			{Country: "CHN", Share: 0.7}, {Country: "JPN", Share: 0.1}, {Country: "DEU", Share: 0.1}}}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.Top3LowerBound(); got != tt.lowerBound {
				t.Errorf("Top3LowerBound() = %v, want %v", got, tt.lowerBound)
			}
			if got := tt.t.RowsAboveWorld(); got != tt.rowsAbove {
				t.Errorf("RowsAboveWorld() = %g, want %g", got, tt.rowsAbove)
			}
		})
	}
}
