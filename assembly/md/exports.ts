// Exports of the md kernels: integrators, thermostats, barostat, initial velocities, checks,
// FIRE, the Philox generator and the pair potentials. Names carry an md/pair/fire/philox prefix
// so they cannot collide with other subsystems' exports in assembly/index.ts.
export { mdAccelFactors, mdKick, mdDrift, mdScale, mdKineticEnergy } from "./verlet";
export { mdLangevinO } from "./langevin";
export { mdNhcHalfStep, mdNhcEnergy } from "./nhc";
export { mdBerendsenLambda } from "./berendsen";
export { mdCRescale } from "./barostat";
export { mdMaxwellBoltzmann, mdRemoveMomentum, mdRemoveRotation } from "./init";
export { mdFirstNonFinite, mdFloorScan, mdMaxRowNorm } from "./checks";
export { mdFloorScanBinned, mdFloorScanBytes } from "./floor-bins";
export { fireStep, maxRowNorm as fireMaxRowNorm } from "./fire";
export { inverse3 as mdInverse3, det3 as mdDet3, rowsTimesMat3 as mdRowsTimesMat3, symmetricEigen3 as mdSymmetricEigen3 } from "./linalg3";
export { pairCompute } from "../potentials/pair";
export { philox4x32_10, gaussian as philoxGaussian, uniform as philoxUniform } from "../rng/philox";
