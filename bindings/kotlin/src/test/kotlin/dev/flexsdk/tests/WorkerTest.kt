package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** Worker actions: activity and attributes (JSON objects), observed through the events flow. */
@ExtendWith(EmulatorExtension::class)
class WorkerTest {
    @Test
    fun `set activity emits an event`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val available = emu.activity("available")
            val event = expect<FlexEvent.WorkerActivityUpdated>(client)
            val worker = client.setCurrentActivity(available, false)
            assertEquals(available, worker.activitySid)
            assertTrue(worker.available)
            assertEquals("Available", event.await().worker.activityName)
            assertEquals(available, client.getWorker().activitySid)
        }
    }

    @Test
    fun `set and merge attributes`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            var worker = client.setAttributes(json("""{"skills":["billing"],"routing":{"level":1}}"""), false)
            assertEquals(json("""{"skills":["billing"],"routing":{"level":1}}"""), worker.attributes)

            val event = expect<FlexEvent.WorkerAttributesUpdated>(client) { "pager" in it.worker.attributes.jsonObject }
            val update = buildJsonObject {
                put("routing", buildJsonObject { put("team", "blue") })
                put("pager", "42")
            }
            worker = client.setAttributes(update, true)
            val merged = json("""{"skills":["billing"],"routing":{"level":1,"team":"blue"},"pager":"42"}""")
            assertEquals(merged, worker.attributes)
            assertEquals(merged, event.await().worker.attributes)
            assertEquals(merged, client.getWorker().attributes)
        }
    }
}
