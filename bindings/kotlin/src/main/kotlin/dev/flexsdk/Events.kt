package dev.flexsdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * The client's events as a cold [Flow]: each collection opens its own [EventStream]
 * (registered when collection starts, so start collecting before the action whose
 * events you want), emits every event in order (or, given [kinds], only the events of
 * those kinds plus [FlexEvent.EventsDropped] and [FlexEvent.ClientDestroyed], so that
 * the others never cross into the JVM), completes after [FlexEvent.ClientDestroyed],
 * and stops and releases the stream when the collector stops or is cancelled. A collector
 * that falls more than 1024 events behind gets [FlexEvent.EventsDropped] where events were dropped.
 */
fun FlexClient.events(vararg kinds: FlexEventKind): Flow<FlexEvent> = flow {
    eventStream(kinds.toList()).use { stream ->
        try {
            while (true) emit(stream.next() ?: break)
        } finally {
            stream.stop()
        }
    }
}
