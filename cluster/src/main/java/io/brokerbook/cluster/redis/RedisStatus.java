package io.brokerbook.cluster.redis;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code %redis status} shows. Field names follow Redis's {@code INFO} where INFO has one.
 *
 * @param keys        keys in the selected database ({@code DBSIZE})
 * @param startedFrom the binary the lab ran, or "existing server" after {@link RedisLab#connect}
 * @param persistence the data dir, or "none (nothing saved)"
 */
public record RedisStatus(String redisVersion, String host, int tcpPort, long processId, long keys,
                          String usedMemoryHuman, long usedMemory, long uptimeInSeconds,
                          String startedFrom, String persistence, String logFile) {

    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("redis_version", redisVersion);
        m.put("address", host + ":" + tcpPort);
        m.put("tcp_port", Integer.toString(tcpPort));
        m.put("process_id", Long.toString(processId));
        m.put("keys", Long.toString(keys));
        m.put("used_memory_human", usedMemoryHuman);
        m.put("used_memory", Long.toString(usedMemory));
        m.put("uptime_in_seconds", Long.toString(uptimeInSeconds));
        m.put("started_from", startedFrom);
        m.put("persistence", persistence);
        m.put("log_file", logFile == null ? "-" : logFile);
        return m;
    }

    /** Two columns, {@code Field} and {@code Value}, one row per field (like {@code INFO}'s lines). */
    public Table toTable() {
        Map<String, String> f = fields();
        return Table.create("Redis status",
            StringColumn.create("Field", f.keySet()),
            StringColumn.create("Value", f.values()));
    }
}
