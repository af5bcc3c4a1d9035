package org.instructsynth.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Builds one {@link Columns#ANNOTATED} row by column name, for stages written as Java functions. */
public final class WorkRow {
  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    String[] names = Columns.ANNOTATED.fieldNames();
    for (int i = 0; i < names.length; i++) {
      INDEX.put(names[i], i);
    }
  }

  private final Object[] values = new Object[INDEX.size()];

  /** A copy of this builder's values, to derive several rows from one base. */
  public WorkRow copy() {
    WorkRow w = new WorkRow();
    System.arraycopy(values, 0, w.values, 0, values.length);
    return w;
  }

  /** Starts from an existing work or annotated row (extra columns are ignored). */
  public static WorkRow from(Row row) {
    WorkRow w = new WorkRow();
    String[] names = row.schema().fieldNames();
    for (int i = 0; i < names.length; i++) {
      Integer at = INDEX.get(names[i]);
      if (at != null) {
        w.values[at] = row.get(i);
      }
    }
    return w;
  }

  public WorkRow set(String column, Object value) {
    Integer at = INDEX.get(column);
    if (at == null) {
      throw new IllegalArgumentException("no column '" + column + "' in the work schema " + INDEX.keySet());
    }
    values[at] = value;
    return this;
  }

  /** Marks the row as dropped by the current stage. */
  public WorkRow drop(String reason, String detail) {
    return set(Columns.REASON, reason).set(Columns.DETAIL, detail);
  }

  public Row toRow() {
    return RowFactory.create(values.clone());
  }

  /**
   * This row with the values of columns beyond {@link Columns#ANNOTATED} appended, in the order of
   * the frame's schema (a list becomes Spark's array).
   */
  public Row toRowWith(Object... extra) {
    Object[] out = java.util.Arrays.copyOf(values, values.length + extra.length);
    for (int i = 0; i < extra.length; i++) {
      out[values.length + i] = extra[i] instanceof java.util.List<?> list
          ? scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq() : extra[i];
    }
    return RowFactory.create(out);
  }
}
