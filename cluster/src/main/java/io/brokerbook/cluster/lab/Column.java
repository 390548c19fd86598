package io.brokerbook.cluster.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column name a record component gets when a list of records is shown as a table, e.g.
 * {@code @Column("CURRENT-OFFSET") OptionalLong currentOffset}. Without it the name is the component's in
 * upper case with dashes ({@code logEndOffset} → {@code LOG-END-OFFSET}), as Kafka's tools print them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Column {
    String value();
}
