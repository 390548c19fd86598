package io.brokerbook.magics.display;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;
import tech.tablesaw.api.Table;

import java.util.Collection;
import java.util.List;

/**
 * Renderers every notebook gets, registered through the same hook as any pack's: tablesaw tables, typed
 * inspection {@link Rows}, and lists of records, all as HTML + plain-text tables.
 */
public final class StandardRenderers implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        registerOn(host.renderers());
    }

    public static void registerOn(RendererRegistry renderers) {
        renderers.register(Table.class, TableDisplay::of);
        renderers.register(Rows.class, RecordTable::of);
        renderers.register(List.class, StandardRenderers::list);
    }

    private static DisplayData list(List<?> values) {
        if (RecordTable.isRecordList(values)) {
            @SuppressWarnings("unchecked")
            List<? extends Record> records = (List<? extends Record>) values;
            return TableDisplay.of(RecordTable.table(records.get(0).getClass().getSimpleName(), records));
        }
        return DisplayData.text(String.valueOf((Collection<?>) values));
    }
}
