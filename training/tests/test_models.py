"""Model shapes, configurations and the override parser."""
import pytest
import torch

from training.autoencoder import Autoencoder
from training.config import Config, make_config, parse_args
from training.unet import latent_unet, vanilla_unet


@pytest.mark.parametrize("name", ["tiny", "compact"])
def test_shapes(name):
    cfg = make_config(name)
    ae, unet, van = Autoencoder(cfg).eval(), latent_unet(cfg).eval(), vanilla_unet(cfg).eval()
    x = torch.rand(3, 1, 32, 256) * 2 - 1
    with torch.no_grad():
        z = ae.encode(x)
        assert z.shape == (3, 2, 8, 64)
        assert ae.decode(z).shape == (3, 1, 32, 256)
        t = torch.tensor([0, 30, 999])
        assert unet(z, t).shape == z.shape
        assert van(x, t).shape == x.shape


def test_ae_is_fully_convolutional_for_crops():
    cfg = make_config("compact")
    ae = Autoencoder(cfg).eval()
    with torch.no_grad():
        assert ae(torch.zeros(2, 1, 32, 64)).shape == (2, 1, 32, 64)


def test_paper_sizes():
    cfg = make_config("paper")
    assert cfg.ae_channels == (64, 128, 256) and cfg.unet_channels == (64, 128, 256)
    assert cfg.vanilla_channels == (64, 128, 128, 192, 256) and cfg.norm_groups == 32
    assert cfg.ae_attention == (False, True, True) and cfg.ae_mid_attention and cfg.ae_layers == 2
    assert cfg.unet_attention == (False, True, True) and cfg.vanilla_attention == (False, False, True, True, True)
    ae = Autoencoder(cfg)
    assert isinstance(ae.encoder.down[1][1], torch.nn.Module) and ae.encoder.down[1][1].__class__.__name__ == "Attention"


def test_timestep_changes_output():
    cfg = make_config("tiny")
    torch.manual_seed(0)
    unet = latent_unet(cfg).eval()
    for p in unet.parameters():  # non-zero weights everywhere so the time path matters
        torch.nn.init.normal_(p, std=0.05)
    z = torch.randn(1, 2, 8, 64)
    with torch.no_grad():
        assert not torch.allclose(unet(z, torch.tensor([10])), unet(z, torch.tensor([500])))


def test_parse_args():
    cfg, extra = parse_args(["--config=tiny", "--batch_size=4", "--ae_lr=1", "--train_folds=[1,2]", "--phase=ae"],
                            extra={"phase": "all"})
    assert cfg.name == "tiny" and cfg.batch_size == 4 and cfg.ae_lr == 1.0 and cfg.train_folds == (1, 2)
    assert extra["phase"] == "ae"
    with pytest.raises(SystemExit):
        parse_args(["--no_such_key=1"])
    with pytest.raises(AssertionError):
        parse_args(["--batch_size=0.5"])
    with pytest.raises(AssertionError):
        make_config("huge")
    assert isinstance(make_config(), Config)
