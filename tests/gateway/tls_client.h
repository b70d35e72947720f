// The tests' names for the gateway's blocking HTTPS client.
#pragma once

#include "gateway/https_client.h"

namespace corridor::gateway::testing {
using ClientFiles = HttpsClientFiles;
using ClientResponse = HttpsResponse;
using TlsClient = HttpsClient;
}  // namespace corridor::gateway::testing
