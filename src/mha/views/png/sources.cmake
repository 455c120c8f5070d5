# The PNG pictures (src/mha/views/png): paths relative to src/.
set(MHA_PNG_SOURCES
  mha/views/png/colorbar.cpp
  mha/views/png/colormap.cpp
  mha/views/png/colormap_tables.cpp
  mha/views/png/encode.cpp
  mha/views/png/font.cpp
  mha/views/png/heatmap.cpp
  mha/views/png/image.cpp
  mha/views/png/panels.cpp
  mha/views/png/pool.cpp
  mha/views/png/sfnt.cpp
  mha/views/png/sfnt_glyph.cpp
  mha/views/png/system_fonts.cpp
  mha/views/png/ticks.cpp
)
