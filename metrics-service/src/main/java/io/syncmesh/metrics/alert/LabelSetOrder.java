package io.syncmesh.metrics.alert;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;

/** Orders sorted label sets by their string form, the order in which the engine reports alerts. */
final class LabelSetOrder implements Comparator<SortedMap<String, String>> {

    static final LabelSetOrder INSTANCE = new LabelSetOrder();

    private LabelSetOrder() {
    }

    @Override
    public int compare(SortedMap<String, String> a, SortedMap<String, String> b) {
        int byString = a.toString().compareTo(b.toString());
        if (byString != 0) {
            return byString;
        }
        // Distinct sets can print alike ({a=b, c=d} vs {a="b, c=d"}); compare entries so they stay apart as keys.
        Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> ea = ia.next();
            Map.Entry<String, String> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = ea.getValue().compareTo(eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }
}
