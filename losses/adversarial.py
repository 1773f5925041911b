"""GAN losses, on the discriminator's outputs: D(x) for real data, D(G(z)) for fakes.

Both are probabilities ("how real does this look"), clipped to [1e-7, 1 - 1e-7].
"""

from __future__ import annotations

import numpy as np

from losses._validation import as_array, check_in_unit_interval, clip_probabilities, pair, reduce


def gan_discriminator(d_real, d_fake, *, reduction="mean"):
    """The discriminator's loss: ``-(ln D(x) + ln(1 - D(G(z))))``.

    Binary cross-entropy with real samples labelled 1 and fakes labelled 0.
    """
    real, fake = _gan_pair(d_real, d_fake)
    return reduce(-(np.log(real) + np.log(1 - fake)), reduction)


def gan_discriminator_grad(d_real, d_fake):
    """d/dD(G(z)) of the discriminator loss = ``1 / (1 - D(G(z)))``."""
    _, fake = _gan_pair(d_real, d_fake)
    return 1.0 / (1 - fake)


def gan_generator_minimax(d_fake, *, reduction="mean"):
    """The generator's loss in the original minimax game: ``ln(1 - D(G(z)))``, minimised.

    Its gradient is small exactly when the discriminator easily spots the fakes.
    """
    fake = _d_fake(d_fake)
    return reduce(np.log(1 - fake), reduction)


def gan_generator_minimax_grad(d_fake):
    """d/dD(G(z)) of ``ln(1 - D(G(z)))`` = ``-1 / (1 - D(G(z)))``: about -1 when D(G(z)) ≈ 0."""
    fake = _d_fake(d_fake)
    return -1.0 / (1 - fake)


def gan_generator_nonsaturating(d_fake, *, reduction="mean"):
    """The non-saturating generator loss: ``-ln D(G(z))``.

    Same goal as the minimax loss, but a strong gradient while the fakes are still poor.
    """
    fake = _d_fake(d_fake)
    return reduce(-np.log(fake), reduction)


def gan_generator_nonsaturating_grad(d_fake):
    """d/dD(G(z)) of ``-ln D(G(z))`` = ``-1 / D(G(z))``: large when D(G(z)) ≈ 0."""
    fake = _d_fake(d_fake)
    return -1.0 / fake


def _gan_pair(d_real, d_fake):
    real, fake = pair(d_real, d_fake, what_true="discriminator outputs on real data",
                      what_pred="discriminator outputs on fakes")
    check_in_unit_interval(real, "discriminator outputs on real data")
    check_in_unit_interval(fake, "discriminator outputs on fakes")
    return clip_probabilities(real), clip_probabilities(fake)


def _d_fake(d_fake):
    fake = as_array(d_fake, "discriminator outputs on fakes")
    check_in_unit_interval(fake, "discriminator outputs on fakes")
    return clip_probabilities(fake)
