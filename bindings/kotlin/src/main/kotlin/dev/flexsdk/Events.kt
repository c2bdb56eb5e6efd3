package dev.flexsdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * The client's events as a cold [Flow]: each collection opens its own [EventStream]
 * (registered when collection starts, so start collecting before the action whose
 * events you want), emits every event in order, completes after [FlexEvent.ClientDestroyed],
 * and stops and releases the stream when the collector stops or is cancelled. A collector
 * that falls more than 1024 events behind gets [FlexEvent.EventsDropped] where events were dropped.
 */
fun FlexClient.events(): Flow<FlexEvent> = flow {
    eventStream().use { stream ->
        try {
            while (true) emit(stream.next() ?: break)
        } finally {
            stream.stop()
        }
    }
}
