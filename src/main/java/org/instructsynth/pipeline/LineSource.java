package org.instructsynth.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.io.JsonArrayReader;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import scala.Tuple2;

/**
 * Reads JSON Lines and JSON-array files into one row per record, keeping the file, the 1-based line
 * number and the raw bytes' fate: a record is either decoded text or an error saying why it could not
 * be (invalid UTF-8, over {@code input.max-record-bytes}, a broken JSON array). Parsing the text into
 * fields is the next step's job, so every recipe shares this one.
 *
 * <p>Lines are read with Hadoop's {@code TextInputFormat} so that the bytes arrive undecoded and
 * invalid UTF-8 can be reported instead of silently replaced. {@code ord} orders records by file (in
 * the order {@link InputFiles} lists them) then line: {@code fileIndex << 40 | lineIndex}.
 */
public final class LineSource {
  public static final StructType LINES =
      DataTypes.createStructType(
          new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("source_file", DataTypes.StringType, false),
            DataTypes.createStructField("line_number", DataTypes.LongType, false),
            DataTypes.createStructField("ord", DataTypes.LongType, false),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("raw", DataTypes.StringType, true),
          });

  private LineSource() {}

  /** Reason code of a record that cannot be read. */
  public static final String MALFORMED = org.instructsynth.core.filter.ReasonCodes.MALFORMED_INPUT;

  /** A work row that remembers where a {@link #LINES} record came from: file, line and order. */
  public static WorkRow workRow(Row line) {
    return new WorkRow()
        .set(Columns.FILE, line.getAs("source_file"))
        .set(Columns.LINE, line.getAs("line_number"))
        .set(Columns.ORD, line.getAs("ord"));
  }

  /** The record's text, or null when it could not be decoded (see {@link #unreadable}). */
  public static String text(Row line) {
    return line.getAs("text");
  }

  /** Marks {@code w} as the undecodable record {@code line}: {@code malformed_input}, why, raw text. */
  public static Row unreadable(WorkRow w, Row line) {
    return w.drop(MALFORMED, line.getAs("error")).set(Columns.RAW, line.getAs("raw")).toRow();
  }

  /** How a file is read. */
  public enum Format {
    JSONL,
    JSON_ARRAY,
    PARQUET
  }

  /**
   * Reads every file; {@code format} is {@code auto}, {@code jsonl}, {@code json} or {@code parquet}.
   * Parquet rows are turned into JSON text so that the same record parsers apply.
   */
  public static Dataset<Row> read(
      SparkSession spark, List<String> files, String format, int maxRecordBytes, int maxRawChars, int fileOffset) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JavaRDD<Row>> parts = new ArrayList<>();
    List<Dataset<Row>> parquet = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      long fileIndex = fileOffset + i;
      switch (detect(spark, file, format)) {
        case JSONL -> parts.add(
            jsc.hadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class)
                .map(new CopyLine())
                .zipWithIndex()
                .map(new DecodeLine(file, fileIndex, maxRecordBytes, maxRawChars)));
        case JSON_ARRAY -> parts.add(
            jsc.binaryFiles(file).flatMap(new SplitArray(file, fileIndex, maxRawChars)));
        case PARQUET -> parquet.add(
            spark.read().parquet(file)
                .selectExpr(
                    "'" + file.replace("'", "\\'") + "' AS source_file",
                    "monotonically_increasing_id() + 1 AS line_number",
                    "(" + fileIndex + "L << 40) + monotonically_increasing_id() AS ord",
                    "to_json(struct(*)) AS text",
                    "CAST(NULL AS STRING) AS error",
                    "CAST(NULL AS STRING) AS raw"));
      }
    }
    Dataset<Row> out = null;
    if (!parts.isEmpty()) {
      JavaRDD<Row> all = parts.size() == 1 ? parts.get(0) : jsc.union(parts.toArray(JavaRDD[]::new));
      out = spark.createDataFrame(all, LINES);
    }
    for (Dataset<Row> p : parquet) {
      out = out == null ? p : out.unionByName(p);
    }
    // One JSON array, or a JSON Lines file under one HDFS block, arrives as a single partition;
    // spread it so the stages after loading use every core.
    int parallelism = spark.sparkContext().defaultParallelism();
    if (out != null && out.rdd().getNumPartitions() < parallelism) {
      out = out.repartition(parallelism);
    }
    return out;
  }

  static Format detect(SparkSession spark, String file, String format) {
    switch (format) {
      case "jsonl", org.instructsynth.core.io.UnnaturalInstructions.CORE, org.instructsynth.core.io.UnnaturalInstructions.FULL:
        return Format.JSONL;
      case "json":
        return Format.JSON_ARRAY;
      case "parquet":
        return Format.PARQUET;
      default:
        break;
    }
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet")) {
      return Format.PARQUET;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return Format.JSONL;
    }
    return firstByte(spark, file) == '[' ? Format.JSON_ARRAY : Format.JSONL;
  }

  /** The first byte that is not white space or a UTF-8 byte-order mark, or -1 for an empty file. */
  private static int firstByte(SparkSession spark, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(path)) {
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        for (int i = 0; i < n; i++) {
          int b = buf[i] & 0xFF;
          if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) {
            continue;
          }
          return b;
        }
        return -1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open input file '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Copies a line's bytes out of Hadoop's reused {@link Text} object. */
  static final class CopyLine implements Function<Tuple2<LongWritable, Text>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] call(Tuple2<LongWritable, Text> t) {
      return t._2().copyBytes();
    }
  }

  /** Decodes one line strictly, or records why it cannot be decoded. */
  static final class DecodeLine implements Function<Tuple2<byte[], Long>, Row> {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long fileIndex;
    private final int maxRecordBytes;
    private final int maxRawChars;

    DecodeLine(String file, long fileIndex, int maxRecordBytes, int maxRawChars) {
      this.file = file;
      this.fileIndex = fileIndex;
      this.maxRecordBytes = maxRecordBytes;
      this.maxRawChars = maxRawChars;
    }

    @Override
    public Row call(Tuple2<byte[], Long> t) {
      byte[] bytes = t._1();
      long index = t._2();
      long ord = (fileIndex << 40) | index;
      if (bytes.length > maxRecordBytes) {
        return RowFactory.create(file, index + 1, ord, null,
            String.format(Locale.ROOT, "the line is %,d bytes, over input.max-record-bytes (%,d); raise the limit"
                + " or fix the record", bytes.length, maxRecordBytes),
            LineDecoder.lenient(bytes, Math.min(bytes.length, maxRawChars * 4), maxRawChars));
      }
      try {
        return RowFactory.create(file, index + 1, ord, LineDecoder.decode(bytes, bytes.length), null, null);
      } catch (MalformedRecordException e) {
        return RowFactory.create(file, index + 1, ord, null, e.getMessage(),
            LineDecoder.lenient(bytes, bytes.length, maxRawChars));
      }
    }
  }

  /** Splits one JSON-array file into its elements. */
  static final class SplitArray implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long fileIndex;
    private final int maxRawChars;

    SplitArray(String file, long fileIndex, int maxRawChars) {
      this.file = file;
      this.fileIndex = fileIndex;
      this.maxRawChars = maxRawChars;
    }

    @Override
    public Iterator<Row> call(Tuple2<String, PortableDataStream> t) {
      byte[] content = t._2().toArray();
      List<Row> rows = new ArrayList<>();
      for (JsonArrayReader.Element e : JsonArrayReader.read(content, maxRawChars)) {
        rows.add(RowFactory.create(file, e.line(), (fileIndex << 40) | e.index(), e.json(), e.error(), e.raw()));
      }
      return rows.iterator();
    }
  }
}
