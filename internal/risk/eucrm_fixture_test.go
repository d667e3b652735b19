package risk

import (
	"testing"
	"testing/fstest"

	"github.com/critmin/critmin/internal/world"
)

// euFixture is a small world whose numbers are chosen so the expected supply risks can
// be worked out by hand (see eucrm_test.go). Scaled WGI (10 - 10 x): CHN 0.4 -> 6,
// USA 0.8 -> 2, AUS 0.9 -> 1, COD 0.1 -> 9; MMR has no score.
var euFixture = fstest.MapFS{
	"sources.csv": {Data: []byte(`id,publisher,title,url,published,via,note
src,Test publisher,Test figures,,2026,,fixture
`)},
	"countries.csv": {Data: []byte(`iso3,name,aliases,groups
CHN,China,,
USA,United States,,
AUS,Australia,,
MMR,Myanmar,Burma,
COD,"Congo, Dem. Rep.",,
DEU,Germany,,EU27
`)},
	"governance.csv": {Data: []byte(`country,year,wgi_normalised,status,source,note
CHN,2022,0.4,derived,src,fixture
USA,2022,0.8,derived,src,fixture
AUS,2022,0.9,derived,src,fixture
COD,2022,0.1,derived,src,fixture
`)},
	"commodities.csv": {Data: []byte(`commodity,name,parent,stages,note
rare_earths,rare earths,,mine;separation;metal;magnet,
dysprosium,dysprosium,rare_earths,mine;separation,
terbium,terbium,rare_earths,mine;separation,
cobalt,cobalt,,mine;refined,
gallium,gallium,,refined,
germanium,germanium,,refined,
lithium,lithium,,mine;refined,
tantalum,tantalum,,mine,
nickel,nickel,,refined,
`)},
	"figures.csv": {Data: []byte(`commodity,stage,measure,country,year,value,unit,basis,status,source,note
cobalt,mine,production,COD,2024,65000,t,cobalt content,reported,src,
cobalt,mine,production,AUS,2024,20000,t,cobalt content,reported,src,
cobalt,mine,production,ROW,2024,15000,t,cobalt content,reported,src,
cobalt,mine,production,WLD,2024,100000,t,cobalt content,reported,src,
cobalt,refined,production,CHN,2024,80000,t,cobalt content,reported,src,
cobalt,refined,production,AUS,2024,20000,t,cobalt content,reported,src,
cobalt,refined,share,CHN,2020,60,%,,derived,src,inside the EU's 2016-2020 window
cobalt,refined,share,ROW,2020,40,%,,derived,src,100 minus China
rare_earths,mine,production,CHN,2024,60000,t,REO equivalent,reported,src,
rare_earths,mine,production,USA,2024,20000,t,REO equivalent,reported,src,
rare_earths,mine,production,MMR,2024,10000,t,REO equivalent,reported,src,
rare_earths,mine,production,ROW,2024,10000,t,REO equivalent,reported,src,
rare_earths,mine,production,WLD,2024,100000,t,REO equivalent,reported,src,
rare_earths,separation,share,CHN,2024,90,%,,reported,src,
rare_earths,separation,share,ROW,2024,10,%,,derived,src,100 minus China
gallium,refined,production,CHN,2024,100,t,gallium content,reported,src,
gallium,refined,production,CHN,2023,80,t,gallium content,reported,src,
gallium,refined,production,AUS,2023,20,t,gallium content,reported,src,
lithium,mine,production,AUS,2024,50000,t,lithium content,reported,src,
lithium,mine,production,CHN,2024,50000,t,lithium content,reported,src,
lithium,refined,production,CHN,2024,30000,t,lithium content,reported,src,
lithium,refined,production,AUS,2024,70000,t,lithium content,reported,src,
tantalum,mine,production,MMR,2024,100,t,tantalum content,reported,src,
nickel,refined,production,CHN,2024,100,t,nickel content,reported,src,
`)},
	"eu_crm.csv": {Data: []byte(`material,commodity,stages,sourcing_primary,sourcing_refined,si_sr,si_ei,ir_primary_pct,ir_refined_pct,eol_rir_pct,pub_supply_risk,pub_economic_importance,pub_used_stage,pub_sr_primary,pub_sr_refined,source,note
cobalt,cobalt,E+P,GSonly,GS+EU,0.9,0.9,80,10,20,,,,,,src,
dysprosium,dysprosium,E+P,GS+EU,GSonly,0.99,0.98,80,100,1,5.6,7.8,Processing,5.3,5.6,src,
terbium,terbium,E+P,GS+EU,GSonly,0.92,0.84,80,100,1,,,,,,src,
gallium,gallium,P,,GS+EU,0.98,0.98,,98,0,5.0,3.0,Processing,,5.0,src,
germanium,germanium,P,,GS+EU,0.94,0.92,,42,2,1.8,3.6,Processing,,1.8,src,
lithium,lithium,E+P,GSonly,GS+EU,0.94,0.91,81,100,0,1.2,3.9,Processing,0.8,1.2,src,
natural rubber,,E,GS+EU,,0.9,0.8,100,,2,0.9,6.0,Extraction,0.9,,src,
hree,rare_earths,E+P,GS+EU,GSonly,,,100,100,1,5.1,4.2,Processing,2.3,5.1,src,
tantalum,tantalum,E,GS+EU,,0.98,0.96,99,,1,1.3,4.8,Extraction,1.3,,src,
nickel,nickel,P,,EUonly,0.9,0.9,,75,10,,,,,,src,
`)},
	"eu_trade_parameters.csv": {Data: []byte(`material,country,stage,scope,t,source
cobalt,COD,primary,world,1.1,src
cobalt,COD,primary,eu,1.5,src
dysprosium,CHN,refined,world,1.1,src
lithium,CHN,refined,eu,1.2,src
`)},
	"trade.csv": {Data: []byte(`importer,commodity,category,period,exporter,share_pct,status,source,note
EU27,lithium,HS 283691 lithium carbonate (BACI),2024,AUS,30,derived,src,fixture shares
EU27,lithium,HS 283691 lithium carbonate (BACI),2024,CHN,50,derived,src,fixture shares
EU27,lithium,HS 283691 lithium carbonate (BACI),2024,ROW,20,derived,src,fixture shares
EU27,lithium,HS 250490 natural graphite (BACI),2024,CHN,100,derived,src,mapped to extraction: must not enter lithium processing
EU27,cobalt,HS 850511 permanent magnets of metal (BACI),2024,CHN,100,derived,src,downstream: never an EU stage
EU27,nickel,"HS 750210 unwrought nickel, not alloyed (BACI)",2024,AUS,60,derived,src,fixture shares
EU27,nickel,"HS 750210 unwrought nickel, not alloyed (BACI)",2024,USA,40,derived,src,fixture shares
`)},
}

func loadEUFixture(t testing.TB) *world.Dataset {
	t.Helper()
	ds, err := world.Load(world.Layer{Name: "fixture", FS: euFixture})
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return ds
}

// cloneFS copies a MapFS so a test can replace files without touching the original.
func cloneFS(m fstest.MapFS) fstest.MapFS {
	out := make(fstest.MapFS, len(m))
	for k, v := range m {
		f := *v
		out[k] = &f
	}
	return out
}
