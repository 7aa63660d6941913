package io.previs.gateway.intake;

import java.util.List;
import java.util.Optional;

/** The models requests may name, with their limits. */
interface Models {

  Optional<ModelLimits> find(String id);

  List<String> ids();
}
