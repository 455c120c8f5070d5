# The PNG pictures (src/mha/png): paths relative to src/.
set(MHA_PNG_SOURCES
  mha/png/colorbar.cpp
  mha/png/colormap.cpp
  mha/png/colormap_tables.cpp
  mha/png/encode.cpp
  mha/png/font.cpp
  mha/png/heatmap.cpp
  mha/png/image.cpp
  mha/png/panels.cpp
  mha/png/pool.cpp
  mha/png/sfnt.cpp
  mha/png/sfnt_glyph.cpp
  mha/png/system_fonts.cpp
  mha/png/ticks.cpp
)
