// SPDX-License-Identifier: GPL-2.0
/*
 * oopsy_lab: drives one failure mode of oopsy's DMA-IOMMU catalogue (or a control) on a real
 * kernel, chosen with the module parameter scenario=<name>.  Built and loaded by lab/run inside
 * a QEMU guest; never load it on a machine you care about.
 *
 * The device used is QEMU's virtio-rng PCI function (1af4:1005 transitional, 1af4:1044 modern),
 * which sits behind the virt machine's SMMUv3.  Most scenarios unbind whatever driver holds it
 * (virtio-pci) and bind this module's own tiny PCI driver, so that the DMA-API user in every
 * trace is this module and the device's DMA setup was done by a real driver bind.  smmu-fault
 * instead leaves virtio-pci/virtio-rng bound (they make the device DMA) and attaches an empty
 * domain under them.
 *
 * Each scenario prints "oopsy_lab: begin <name>" first and "oopsy_lab: end <name> rc=<n>" if it
 * returns; what the kernel printed in between is the result.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/version.h>
#include <linux/pci.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dma-map-ops.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/bug.h>
#include <linux/string.h>
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
#include <linux/dma-iommu.h>
#endif

#define TAG "oopsy_lab: "

static char *scenario = "none";
module_param(scenario, charp, 0444);
MODULE_PARM_DESC(scenario, "failure mode to drive (see lab/README.md)");

static unsigned long recursion_limit = ~0UL;
module_param(recursion_limit, ulong, 0444);
MODULE_PARM_DESC(recursion_limit, "depth bound for stack-overflow (default: unbounded)");

#define VIRTIO_VENDOR 0x1af4
static const struct pci_device_id oopsy_ids[] = {
	{ PCI_DEVICE(VIRTIO_VENDOR, 0x1005) },	/* virtio-rng, transitional */
	{ PCI_DEVICE(VIRTIO_VENDOR, 0x1044) },	/* virtio-rng, modern only */
	{ 0 }
};

static struct pci_dev *bound_pdev;	/* set by our probe */
static bool driver_registered;

/* smmu-fault state, undone at module exit */
static struct iommu_domain *fault_domain;
static struct device *fault_dev;

/* Kept out of the compiler's sight so that NULL stays a run-time value. */
static void *volatile opaque_null;

static int oopsy_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	dev_info(&pdev->dev, "oopsy_lab bound: iommu_group=%px dma_ops=%ps dma_mask=%llx\n",
		 pdev->dev.iommu_group, get_dma_ops(&pdev->dev),
		 pdev->dev.dma_mask ? *pdev->dev.dma_mask : 0ULL);
	bound_pdev = pci_dev_get(pdev);
	return 0;
}

static void oopsy_remove(struct pci_dev *pdev)
{
	dev_info(&pdev->dev, "oopsy_lab unbound\n");
}

static struct pci_driver oopsy_pci_driver = {
	.name = "oopsy_lab",
	.id_table = oopsy_ids,
	.probe = oopsy_probe,
	.remove = oopsy_remove,
};

static struct pci_dev *find_rng(void)
{
	const struct pci_device_id *id;
	struct pci_dev *pdev;

	for (id = oopsy_ids; id->vendor; id++) {
		pdev = pci_get_device(id->vendor, id->device, NULL);
		if (pdev)
			return pdev;
	}
	return NULL;
}

/*
 * Bind our own driver to the virtio-rng function: unbind the current driver (virtio-pci,
 * built in on 6.12, a module on 5.10/6.1) first.  The bind runs dma_configure(), which puts the
 * device into its IOMMU group and installs iommu-dma.
 */
static struct device *bind_own_driver(void)
{
	struct pci_dev *pdev = find_rng();
	int ret;

	if (!pdev) {
		pr_err(TAG "no virtio-rng PCI device (run QEMU with -device virtio-rng-pci)\n");
		return NULL;
	}
	if (pdev->dev.driver) {
		pr_info(TAG "unbinding %s from %s\n", pdev->dev.driver->name, pci_name(pdev));
		device_release_driver(&pdev->dev);
	}
	pci_dev_put(pdev);
	ret = pci_register_driver(&oopsy_pci_driver);
	if (ret) {
		pr_err(TAG "pci_register_driver: %d\n", ret);
		return NULL;
	}
	driver_registered = true;
	if (!bound_pdev) {
		pr_err(TAG "our driver did not bind\n");
		return NULL;
	}
	return &bound_pdev->dev;
}

static struct iommu_domain *alloc_unmanaged(struct device *dev)
{
	struct iommu_domain *d;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
	d = iommu_paging_domain_alloc(dev);
	if (IS_ERR(d)) {
		pr_err(TAG "iommu_paging_domain_alloc: %ld\n", PTR_ERR(d));
		return NULL;
	}
#else
	d = iommu_domain_alloc(dev->bus);
	if (!d)
		pr_err(TAG "iommu_domain_alloc returned NULL\n");
#endif
	return d;
}

static int lab_iommu_map(struct iommu_domain *d, unsigned long iova, phys_addr_t pa, size_t sz)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return iommu_map(d, iova, pa, sz, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
#else
	return iommu_map(d, iova, pa, sz, IOMMU_READ | IOMMU_WRITE);
#endif
}

static void show_dev(const char *when, struct device *dev)
{
	pr_info(TAG "%s: dev=%s iommu_group=%px domain=%px dma_ops=%ps"
#if defined(CONFIG_IOMMU_DMA) && LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
		" dma_iommu=%d"
#endif
		"\n", when, dev_name(dev),
		dev->iommu_group, dev->iommu_group ? iommu_get_domain_for_dev(dev) : NULL,
		get_dma_ops(dev)
#if defined(CONFIG_IOMMU_DMA) && LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
		, dev->dma_iommu
#endif
		);
}

/* ---- FM-2b: DMA map after the device left its IOMMU group --------------------------------- */
static int sc_null_group(void)
{
	struct device *dev = bind_own_driver();
	void *buf;
	dma_addr_t h;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	show_dev("before iommu_group_remove_device", dev);
	iommu_group_remove_device(dev);
	show_dev("after iommu_group_remove_device", dev);
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "dma_map_single after group removal returned %pad (error=%d)\n", &h,
		dma_mapping_error(dev, h));
	if (!dma_mapping_error(dev, h))
		dma_unmap_single(dev, h, PAGE_SIZE, DMA_TO_DEVICE);
	return 0;
}

/*
 * FM-2a-like: iommu-dma with a NULL domain.  The device leaves its group and joins a new,
 * empty group (iommu_group_alloc: no default domain), as VFIO/mdev-style code does for
 * devices it manages.  dev->dma_ops still points at iommu-dma on 5.x/6.1, so the next map
 * resolves group->default_domain == NULL.
 */
static int sc_null_domain(void)
{
	struct device *dev = bind_own_driver();
	struct iommu_group *grp;
	void *buf;
	dma_addr_t h;
	int ret;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	show_dev("before", dev);
	iommu_group_remove_device(dev);
	grp = iommu_group_alloc();
	if (IS_ERR(grp))
		return PTR_ERR(grp);
	ret = iommu_group_add_device(grp, dev);
	pr_info(TAG "iommu_group_add_device(new empty group) = %d\n", ret);
	show_dev("in a group without a default domain", dev);
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "dma_map_single returned %pad (error=%d)\n", &h, dma_mapping_error(dev, h));
	if (!dma_mapping_error(dev, h))
		dma_unmap_single(dev, h, PAGE_SIZE, DMA_TO_DEVICE);
	return 0;
}

/* ---- FM-4: use after free of a driver-owned domain ----------------------------------------- */
static int sc_uaf_domain(void)
{
	struct device *dev = bind_own_driver();
	struct iommu_domain *d;
	void *buf;
	int ret;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	d = alloc_unmanaged(dev);
	if (!d || !buf)
		return -ENOMEM;
	pr_info(TAG "allocated domain %px type=%#x, freeing it\n", d, d->type);
	iommu_domain_free(d);
	ret = lab_iommu_map(d, 0x100000, virt_to_phys(buf), PAGE_SIZE);
	pr_info(TAG "iommu_map on the freed domain returned %d\n", ret);
	return 0;
}

/*
 * FM-4: the default DMA domain (and its IOVA cookie) is freed by the group release that
 * follows the device's removal from its group, while the driver still holds the domain
 * pointer it got from iommu_get_domain_for_dev() and keeps using it.
 */
static int sc_uaf_cookie(void)
{
	struct device *dev = bind_own_driver();
	struct iommu_domain *d;
	void *buf;
	dma_addr_t h;
	size_t n;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	d = iommu_get_domain_for_dev(dev);
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "default domain %px type=%#x cookie=%px; mapped %pad\n", d, d ? d->type : 0,
		d ? d->iova_cookie : NULL, &h);
	iommu_group_remove_device(dev);
	show_dev("after iommu_group_remove_device (group released)", dev);
	pr_info(TAG "iommu_iova_to_phys(stale domain) = %pa\n",
		&(phys_addr_t){ iommu_iova_to_phys(d, h) });
	n = iommu_unmap(d, h, PAGE_SIZE);
	pr_info(TAG "iommu_unmap(stale domain) = %zu\n", n);
	return 0;
}

/* ---- FM-6: SMMU translation fault ---------------------------------------------------------- */
static int sc_smmu_fault(void)
{
	struct pci_dev *pdev = find_rng();
	struct device *dev;
	struct iommu_domain *d;
	int ret;

	if (!pdev) {
		pr_err(TAG "no virtio-rng PCI device\n");
		return -ENODEV;
	}
	dev = &pdev->dev;
	pr_info(TAG "device %s driver=%s\n", pci_name(pdev),
		dev->driver ? dev->driver->name : "(none)");
	show_dev("before attach", dev);
	d = alloc_unmanaged(dev);
	if (!d) {
		pci_dev_put(pdev);
		return -ENOMEM;
	}
	ret = iommu_attach_device(d, dev);
	pr_info(TAG "iommu_attach_device(empty domain %px) = %d\n", d, ret);
	if (ret) {
		iommu_domain_free(d);
		pci_dev_put(pdev);
		return ret;
	}
	fault_domain = d;
	fault_dev = dev;	/* pdev reference kept until exit */
	show_dev("after attach", dev);
	pr_info(TAG "empty domain attached; device DMA now faults (read /dev/hwrng)\n");
	return 0;
}

/* ---- FM-7: unmap of an IOVA that was never mapped / already unmapped ----------------------- */
static int sc_unmap_unmapped(void)
{
	struct device *dev = bind_own_driver();
	void *buf;
	dma_addr_t h, bogus;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* A real mapping, so the bogus IOVA below lies inside the allocator's range. */
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return -EIO;
	bogus = h - 0x100000;
	pr_info(TAG "mapped %pad; unmapping never-mapped IOVA %pad\n", &h, &bogus);
	dma_unmap_single(dev, bogus, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "unmap of never-mapped IOVA returned\n");
	return 0;
}

static int sc_unmap_twice(void)
{
	struct device *dev = bind_own_driver();
	void *buf;
	dma_addr_t h;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, h))
		return -EIO;
	pr_info(TAG "mapped %pad; unmapping it twice\n", &h);
	dma_unmap_single(dev, h, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "first unmap done\n");
	dma_unmap_single(dev, h, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "second unmap returned\n");
	return 0;
}

/* ---- FM-8: DMA API after the driver was unbound -------------------------------------------- */
static int sc_dma_after_unbind(void)
{
	struct device *dev = bind_own_driver();
	void *buf;
	dma_addr_t h;

	if (!dev)
		return -ENODEV;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, h))
		return -EIO;
	show_dev("mapped, before unbind", dev);
	pr_info(TAG "handle %pad, coherent=%d; unbinding the driver\n", &h, dev_is_dma_coherent(dev));
	device_release_driver(dev);
	show_dev("after unbind", dev);
	dma_sync_single_for_cpu(dev, h, PAGE_SIZE, DMA_FROM_DEVICE);
	pr_info(TAG "sync_single_for_cpu after unbind returned\n");
	dma_unmap_single(dev, h, PAGE_SIZE, DMA_FROM_DEVICE);
	pr_info(TAG "unmap after unbind returned\n");
	return 0;
}

/* ---- FM-11: NULL / freed struct device ----------------------------------------------------- */
static int sc_null_device(void)
{
	void *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	struct device *dev = opaque_null;
	dma_addr_t h;

	if (!buf)
		return -ENOMEM;
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "dma_map_single(NULL dev) returned %pad\n", &h);
	return 0;
}

static void freed_dev_release(struct device *dev)
{
	kfree(dev);
}

static int sc_freed_device(void)
{
	void *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	dma_addr_t h;

	if (!buf || !dev)
		return -ENOMEM;
	device_initialize(dev);
	dev->release = freed_dev_release;
	dev_set_name(dev, "oopsy-freed");
	pr_info(TAG "struct device %px (%zu bytes) released, then used\n", dev, sizeof(*dev));
	put_device(dev);
	h = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	pr_info(TAG "dma_map_single(freed dev) returned %pad\n", &h);
	return 0;
}

/* ---- controls (not DMA bugs) --------------------------------------------------------------- */
struct lab_obj {
	unsigned long a, b, c;
	unsigned long value;	/* at 0x18 */
};

static int sc_null_deref(void)
{
	struct lab_obj *o = opaque_null;

	pr_info(TAG "value=%lu\n", READ_ONCE(o->value));
	return 0;
}

static int sc_bug(void)
{
	BUG();
	return 0;
}

static int sc_warn(void)
{
	WARN_ON(1);
	return 0;
}

static int sc_list_corruption(void)
{
	LIST_HEAD(head);
	struct list_head *e = kmalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return -ENOMEM;
	list_add(e, &head);
	list_del(e);	/* e->next = LIST_POISON1, e->prev = LIST_POISON2 */
	pr_info(TAG "entry deleted; deleting it again\n");
	list_del(e);
	return 0;
}

static noinline unsigned long recurse(unsigned long n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n >= recursion_limit)
		return pad[0];
	return recurse(n + 1) + pad[0];
}

static int sc_stack_overflow(void)
{
	pr_info(TAG "recursed %lu\n", recurse(0));
	return 0;
}

struct lab_scenario {
	const char *name;
	int (*fn)(void);
};

static const struct lab_scenario scenarios[] = {
	{ "null-group", sc_null_group },
	{ "null-domain", sc_null_domain },
	{ "uaf-domain", sc_uaf_domain },
	{ "uaf-cookie", sc_uaf_cookie },
	{ "smmu-fault", sc_smmu_fault },
	{ "unmap-unmapped", sc_unmap_unmapped },
	{ "unmap-twice", sc_unmap_twice },
	{ "dma-after-unbind", sc_dma_after_unbind },
	/* same code; lab/run boots it with a device tree whose PCIe host is not dma-coherent */
	{ "dma-after-unbind-noncoherent", sc_dma_after_unbind },
	{ "null-device", sc_null_device },
	{ "freed-device", sc_freed_device },
	{ "null-deref", sc_null_deref },
	{ "bug", sc_bug },
	{ "warn", sc_warn },
	{ "list-corruption", sc_list_corruption },
	{ "stack-overflow", sc_stack_overflow },
};

static int __init oopsy_lab_init(void)
{
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(scenarios); i++) {
		if (strcmp(scenario, scenarios[i].name))
			continue;
		pr_info(TAG "begin %s\n", scenario);
		rc = scenarios[i].fn();
		pr_info(TAG "end %s rc=%d\n", scenario, rc);
		return 0;
	}
	pr_err(TAG "unknown scenario '%s'\n", scenario);
	return -EINVAL;
}

static void __exit oopsy_lab_exit(void)
{
	if (fault_domain) {
		iommu_detach_device(fault_domain, fault_dev);
		iommu_domain_free(fault_domain);
		pr_info(TAG "empty domain detached and freed\n");
		put_device(fault_dev);
	}
	if (driver_registered)
		pci_unregister_driver(&oopsy_pci_driver);
	if (bound_pdev)
		pci_dev_put(bound_pdev);
}

module_init(oopsy_lab_init);
module_exit(oopsy_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsy lab: drives DMA-IOMMU failure modes under QEMU");
