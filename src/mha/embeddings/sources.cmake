# Pretrained embedding tables (src/mha/embeddings): paths relative to src/.
# Also compiled, with the fuzzing sanitizers, by fuzz/CMakeLists.txt.
set(MHA_EMBEDDINGS_SOURCES
  mha/embeddings/byte_stream.cpp
  mha/embeddings/embedding_table.cpp
  mha/embeddings/glove.cpp
  mha/embeddings/oov.cpp
  mha/embeddings/table_builder.cpp
  mha/embeddings/tensor_tables.cpp
  mha/embeddings/vocab.cpp
  mha/embeddings/word2vec.cpp
)
