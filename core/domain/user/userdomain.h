// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace flashback {

class DomainCatalog;

/// Registers the User aggregate, its commands (CreateUser, ChangeName, ...) and the upcasters of its events.
void registerUserDomain(DomainCatalog& catalog);

} // namespace flashback
