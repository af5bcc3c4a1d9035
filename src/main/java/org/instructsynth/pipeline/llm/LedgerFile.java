package org.instructsynth.pipeline.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One ledger data file written from the driver, without a Spark job: the few rows of a {@link
 * DriverLlmBatch}, in the ledger's format ({@code parquet} through parquet-hadoop, which Spark ships, or
 * {@code json} lines as Spark writes them). The file is written under {@code <ledger>/_staging/} and
 * renamed into {@code <ledger>/run_date=<date>/}, so readers see all of it or nothing (the rename is
 * atomic on HDFS and local disks, as the Spark writer's own job commit relies on).
 */
final class LedgerFile {
  /** As Spark's JSON writer formats a timestamp (its default {@code timestampFormat}), in UTC. */
  private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  private static final MessageType PARQUET = parquetSchema();

  private LedgerFile() {}

  /**
   * Writes {@code rows} ({@link Ledger#SCHEMA}, all of {@code runDate}) as one new file of the ledger.
   *
   * @return the file's path as the ledger's listing names it
   */
  static String write(FileSystem fs, Configuration conf, Path ledger, String format, String runDate, List<Row> rows) {
    String name = "part-driver-" + UUID.randomUUID() + ("json".equals(format) ? ".json" : ".snappy.parquet");
    Path staged = new Path(LedgerCommit.stagingRoot(ledger.toString()), "driver-" + name);
    Path target = new Path(new Path(ledger, "run_date=" + runDate), name);
    try {
      if ("json".equals(format)) {
        try (OutputStream out = fs.create(staged, false)) {
          for (Row r : rows) {
            out.write((json(r) + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
      } else {
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(fs.makeQualified(staged)).withConf(conf).withType(PARQUET)
            .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
          SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET);
          for (Row r : rows) {
            writer.write(group(groups, r));
          }
        }
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(staged, target)) {
        throw new IOException("rename of " + staged + " to " + target + " returned false");
      }
      return fs.makeQualified(target).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the LLM ledger at " + ledger + ": " + e.getMessage()
          + "; the ledger folder must be writable from the driver", e);
    }
  }

  /** As Spark's JSON writer writes a ledger row: {@code created_at} as text, nulls and {@code run_date} left out. */
  private static String json(Row r) {
    return Ledger.toJson(r, JSON_TIME::format, false, "run_date").toString();
  }

  private static Group group(SimpleGroupFactory groups, Row r) {
    Group g = groups.newGroup();
    for (StructField f : Ledger.SCHEMA.fields()) {
      Object v = f.name().equals("run_date") ? null : r.get(Ledger.SCHEMA.fieldIndex(f.name()));
      if (v == null) {
        continue;
      }
      DataType t = f.dataType();
      if (t.equals(DataTypes.StringType)) {
        g.append(f.name(), (String) v);
      } else if (t.equals(DataTypes.LongType)) {
        g.append(f.name(), (Long) v);
      } else if (t.equals(DataTypes.IntegerType)) {
        g.append(f.name(), (Integer) v);
      } else if (t.equals(DataTypes.DoubleType)) {
        g.append(f.name(), (Double) v);
      } else if (t.equals(DataTypes.TimestampType)) {
        Instant i = instant(v);
        g.append(f.name(), ChronoUnit.MICROS.between(Instant.EPOCH, i));
      } else {
        throw new IllegalStateException("ledger column " + f.name() + " has a type the driver writer does not know: " + t);
      }
    }
    return g;
  }

  /** The ledger's columns but {@code run_date} (a partition folder), all optional, as Spark reads them back. */
  private static MessageType parquetSchema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : Ledger.SCHEMA.fields()) {
      DataType t = f.dataType();
      if (f.name().equals("run_date")) {
        continue;
      } else if (t.equals(DataTypes.StringType)) {
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
      } else if (t.equals(DataTypes.LongType)) {
        b.optional(PrimitiveTypeName.INT64).named(f.name());
      } else if (t.equals(DataTypes.IntegerType)) {
        b.optional(PrimitiveTypeName.INT32).named(f.name());
      } else if (t.equals(DataTypes.DoubleType)) {
        b.optional(PrimitiveTypeName.DOUBLE).named(f.name());
      } else if (t.equals(DataTypes.TimestampType)) {
        b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
            .named(f.name());
      } else {
        throw new IllegalStateException("ledger column " + f.name() + " has a type the driver writer does not know: " + t);
      }
    }
    return b.named("spark_schema");
  }

  private static Instant instant(Object v) {
    return v instanceof Timestamp t ? t.toInstant() : (Instant) v;
  }
}
