package io.brokerbook.magics.compare;

import io.brokerbook.cluster.lab.Column;

/**
 * One system's row of the class's comparison table: each measured cell is derived from this run's experiments
 * ({@link ClassTable}), followed by the class's own figure where the class gives one.
 */
public record ClassRow(@Column("Sistema") String system,
                       @Column("Almacenamiento (d)") String storage,
                       @Column("Velocidad (a)") String speed,
                       @Column("Latencia (b)") String latency,
                       @Column("Arquitectura (c, g)") String architecture,
                       @Column("Mensajes garantizados/s (a, c, d)") String guaranteed,
                       @Column("Retención (c, g)") String retention,
                       @Column("Rebalanceo (f)") String rebalancing,
                       @Column("Thread-safe") String threadSafe,
                       @Column("Curva de aprendizaje") String learningCurve) {
}
